# Restore the Orders database on the DR server
$SqlServer   = "tcp:sql01,1433"
$SqlUser     = "restore_op"
$SqlPassword = "R3store!Sql#1"

sqlcmd -S $SqlServer -U $SqlUser -P $SqlPassword -i restore.sql

Invoke-Sqlcmd -ConnectionString "Server=sql01;Database=master;User Id=restore_op;Password=R3store!Sql#1;" -Query "ALTER DATABASE Orders SET MULTI_USER"

$conn = New-Object System.Data.SqlClient.SqlConnection("Server=sql01;Database=master;Integrated Security=True")

$pw = Read-Host -AsSecureString "Enter SQL password"

bcp dbo.Orders out C:\export\orders.dat -S sql01 -U bcp_user -P Bcp#Exp0rt -c
