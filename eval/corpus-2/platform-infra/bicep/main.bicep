@secure()
param sqlAdminPassword string

param location string = resourceGroup().location

resource kv 'Microsoft.KeyVault/vaults@2023-02-01' existing = {
  name: 'shop-kv'
}

resource sqlServer 'Microsoft.Sql/servers@2022-05-01-preview' = {
  name: 'shop-sql-${uniqueString(resourceGroup().id)}'
  location: location
  properties: {
    administratorLogin: 'shopadmin'
    administratorLoginPassword: sqlAdminPassword
  }
}

resource pg 'Microsoft.DBforPostgreSQL/flexibleServers@2022-12-01' = {
  name: 'shop-pg'
  location: location
  sku: {
    name: 'Standard_B1ms'
    tier: 'Burstable'
  }
  properties: {
    version: '15'
    administratorLogin: 'pgadmin'
    administratorLoginPassword: 'B1cep-Pg-Flex!'
  }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2023-04-15' = {
  name: 'shop-cosmos'
  location: location
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [ { locationName: location } ]
  }
}

module app './app.bicep' = {
  name: 'app'
  params: {
    dbPassword: kv.getSecret('db-password')
    cosmosKey: cosmos.listKeys().primaryMasterKey
  }
}
