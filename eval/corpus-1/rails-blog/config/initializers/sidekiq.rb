Sidekiq.configure_server do |config|
  config.redis = { url: 'redis://redis.internal:6379/0', password: 'S1dekiq#Pw' }
end

Sidekiq.configure_client do |config|
  config.redis = { url: ENV.fetch('REDIS_URL', 'redis://localhost:6379/0'), password: ENV['REDIS_PASSWORD'] }
end
