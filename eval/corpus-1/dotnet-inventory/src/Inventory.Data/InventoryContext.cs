using Microsoft.EntityFrameworkCore;
using Inventory.Data.Entities;

namespace Inventory.Data
{
    public partial class InventoryContext : DbContext
    {
        public InventoryContext()
        {
        }

        public InventoryContext(DbContextOptions<InventoryContext> options)
            : base(options)
        {
        }

        public virtual DbSet<Product> Products { get; set; }
        public virtual DbSet<StockItem> StockItems { get; set; }

        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        {
            if (!optionsBuilder.IsConfigured)
            {
#warning To protect potentially sensitive information in your connection string, you should move it out of source code. You can avoid scaffolding the connection string by using the Name= syntax to read it from configuration.
                optionsBuilder.UseSqlServer("Server=tcp:inventory-sql.database.windows.net,1433;Database=InventoryDb;User ID=inv_app;Password=Inv#App2024!sql;Encrypt=True;");
            }
        }
    }

    public class ReportingContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder options)
            => options.UseNpgsql("Host=reports-pg;Database=reports;Username=reports;Password=Npg$ql_R3ports");
    }

    public class DesignTimeFactory : IDesignTimeDbContextFactory<InventoryContext>
    {
        public InventoryContext CreateDbContext(string[] args)
        {
            var builder = new DbContextOptionsBuilder<InventoryContext>();
            builder.UseSqlServer(Environment.GetEnvironmentVariable("INVENTORY_DB"));
            return new InventoryContext(builder.Options);
        }
    }
}
