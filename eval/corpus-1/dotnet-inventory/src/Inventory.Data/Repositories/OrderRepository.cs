using System.Data.SqlClient;
using Dapper;
using Microsoft.Extensions.Options;

namespace Inventory.Data.Repositories
{
    public class OrderRepository
    {
        private const string ConnStr = @"Data Source=SQL01\PROD;Initial Catalog=Inventory;User ID=dapper_ro;Password=D@pper_R3ad0nly";
        private readonly DbOptions _options;

        public OrderRepository(IOptions<DbOptions> options) => _options = options.Value;

        public async Task<IEnumerable<Order>> GetOpenOrders()
        {
            using var conn = new SqlConnection(ConnStr);
            return await conn.QueryAsync<Order>("SELECT * FROM dbo.Orders WHERE Status = @s", new { s = "Open" });
        }

        public SqlConnection Build(string server, string db, string user, string pwd)
        {
            var cs = string.Format("Server={0};Database={1};User Id={2};Password={3};", server, db, user, pwd);
            return new SqlConnection(cs);
        }

        public string Npgsql(string host, string user)
            => $"Host={host};Username={user};Password={_options.Password}";

        public SqlConnection Archive()
        {
            var b = new SqlConnectionStringBuilder
            {
                DataSource = "sql03.corp.local",
                InitialCatalog = "Archive",
                UserID = "archive",
                Password = "Arch!ve2020x",
                Encrypt = true
            };
            return new SqlConnection(b.ConnectionString);
        }

        public SqlConnection Managed()
            => new SqlConnection("Server=tcp:inventory-sql.database.windows.net;Database=InventoryDb;Authentication=ActiveDirectoryMsi;");
    }
}
