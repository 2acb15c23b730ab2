using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace Inventory.Api.Services
{
    public class CosmosService
    {
        private readonly CosmosClient _client;
        private readonly CosmosClient _aad;

        public CosmosService()
        {
            _client = new CosmosClient(
                "https://inventory-cosmos.documents.azure.com:443/",
                "0gu54lHopTsg/dtFV8vfVinZ3jYtbiIMQtY/uSK2nEdfw65K10n1aqN2EPw1qu64+oRFPmVqdki79m+XnZIdsg==");

            _aad = new CosmosClient("https://inventory-cosmos.documents.azure.com:443/", new DefaultAzureCredential());
        }
    }
}
