using Azure.Identity;
using Inventory.Data;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);

builder.Configuration.AddAzureKeyVault(new Uri("https://inv-kv.vault.azure.net/"), new DefaultAzureCredential());

builder.Services.AddDbContext<InventoryContext>(o =>
    o.UseSqlServer(builder.Configuration.GetConnectionString("DefaultConnection")));

builder.Services.AddStackExchangeRedisCache(o =>
{
    o.Configuration = builder.Configuration["Redis:Configuration"];
    o.InstanceName = "inventory:";
});

var app = builder.Build();
app.MapGet("/health", () => "ok");
app.Run();
