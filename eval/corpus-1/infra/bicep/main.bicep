@description('Location for all resources.')
param location string = resourceGroup().location

@secure()
@description('SQL administrator password')
param sqlAdminPassword string

@secure()
param pgAdminPassword string = 'B1cep#Pg!Adm'

resource sqlServer 'Microsoft.Sql/servers@2022-05-01-preview' = {
  name: 'inv-sql-${uniqueString(resourceGroup().id)}'
  location: location
  properties: {
    administratorLogin: 'sqladmin'
    administratorLoginPassword: sqlAdminPassword
  }
}

resource pg 'Microsoft.DBforPostgreSQL/flexibleServers@2022-12-01' = {
  name: 'inv-pg-${uniqueString(resourceGroup().id)}'
  location: location
  properties: {
    administratorLogin: 'pgadmin'
    administratorLoginPassword: pgAdminPassword
    version: '15'
  }
}

resource webConfig 'Microsoft.Web/sites/config@2022-09-01' = {
  name: 'inventory-web/connectionstrings'
  properties: {
    Legacy: {
      value: 'Server=tcp:legacy.database.windows.net;Database=legacy;User ID=legacy;Password=B1cep_Legacy!9;'
      type: 'SQLAzure'
    }
    Main: {
      value: 'Server=tcp:${sqlServer.properties.fullyQualifiedDomainName};Database=inv;User ID=sqladmin;Password=${sqlAdminPassword};'
      type: 'SQLAzure'
    }
  }
}
