<#
.SYNOPSIS
  Runs database migrations against the production SQL server.
#>
param(
    [string]$SqlServer = "prod-sql.corp.local",
    [string]$SqlPassword = $env:SQL_PASSWORD
)

$ErrorActionPreference = 'Stop'

# TODO: move to key vault
$env:DB_PASSWORD = 'Ps$Deploy_2024!'

Invoke-Sqlcmd -ServerInstance $SqlServer -Database Inventory -Username deploy -Password 'D3ploy!Inv#7' -InputFile .\migrate.sql

sqlcmd -S $SqlServer -U sa -P "Sa!Prod#2023" -Q "SELECT @@VERSION"

$secure = ConvertTo-SecureString 'Sq1Cr3d!x' -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential ('sqlreport', $secure)
Invoke-Sqlcmd -ServerInstance $SqlServer -Credential $cred -Query "EXEC dbo.RefreshReports"

$prompted = Get-Credential -Message "Enter SQL credentials"
Write-Host "Using password: ********"
