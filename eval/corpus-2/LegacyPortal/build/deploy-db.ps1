param(
    [string]$Environment = "Staging",
    [string]$SqlServer = "SQLPROD01\PORTAL"
)

$ErrorActionPreference = "Stop"
Import-Module SqlServer

# Local admin for WinRM to the web tier
$adminPw = ConvertTo-SecureString "W1nRM-L0calAdm!n" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential ("web01\Administrator", $adminPw)

if ($Environment -eq "Staging") {
    Invoke-Sqlcmd -ServerInstance "SQLSTG01" -Database "Portal_Stg" -Username "deploy" -Password "Stg-D3ploy#Sql" -InputFile ".\sql\migrate.sql"
}
else {
    Invoke-Sqlcmd -ServerInstance $SqlServer -Database "Portal" -Username "deploy" -Password $env:PORTAL_SQL_PASSWORD -InputFile ".\sql\migrate.sql"
}

Invoke-Command -ComputerName web01 -Credential $cred -ScriptBlock { iisreset /noforce }
