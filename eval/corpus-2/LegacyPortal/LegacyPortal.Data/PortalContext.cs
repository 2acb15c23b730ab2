using System.Data.Entity;
using LegacyPortal.Data.Models;

namespace LegacyPortal.Data
{
    public class PortalContext : DbContext
    {
        public PortalContext()
            : base("name=PortalEntities")
        {
        }

        // public PortalContext() : base("Server=.;Database=Portal;User Id=sa;Password=Sa_Passw0rd!") { }

        public DbSet<Customer> Customers { get; set; }
        public DbSet<Order> Orders { get; set; }

        protected override void OnModelCreating(DbModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Customer>().Property(c => c.PasswordHash).HasMaxLength(256);
            base.OnModelCreating(modelBuilder);
        }
    }
}
