using './main.bicep'

param sqlAdminPassword = 'B1cep-Sql-Adm!n'
param location = 'westeurope'
