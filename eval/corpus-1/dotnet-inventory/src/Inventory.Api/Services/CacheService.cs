using StackExchange.Redis;

namespace Inventory.Api.Services
{
    public class CacheService
    {
        private readonly ConnectionMultiplexer _redis;
        private readonly ConnectionMultiplexer _local;

        public CacheService()
        {
            var options = ConfigurationOptions.Parse("inv-cache.redis.cache.windows.net:6380,ssl=true");
            options.Password = "wao9hjtfB9HUQmIatXVB9lobAobfGIUUjHN7ESuQjpU=";
            _redis = ConnectionMultiplexer.Connect(options);

            _local = ConnectionMultiplexer.Connect("localhost:6379,password=devRedis!1,defaultDatabase=2");
        }

        public static ConnectionMultiplexer FromConfig(IConfiguration cfg)
            => ConnectionMultiplexer.Connect(cfg.GetConnectionString("Redis"));
    }
}
