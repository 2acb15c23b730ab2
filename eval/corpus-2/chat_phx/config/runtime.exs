import Config

if config_env() == :prod do
  database_url =
    System.get_env("DATABASE_URL") ||
      raise """
      environment variable DATABASE_URL is missing.
      For example: ecto://USER:PASS@HOST/DATABASE
      """

  maybe_ipv6 = if System.get_env("ECTO_IPV6") in ~w(true 1), do: [:inet6], else: []

  config :chat, Chat.Repo,
    url: database_url,
    pool_size: String.to_integer(System.get_env("POOL_SIZE") || "10"),
    socket_options: maybe_ipv6

  config :chat, Chat.AnalyticsRepo,
    url: System.get_env("ANALYTICS_URL", "ecto://analytics:an4lytics-l0cal@localhost/chat_analytics")

  config :chat, :redix, password: System.fetch_env!("REDIS_PASSWORD")

  config :chat, Chat.Mailer,
    adapter: Swoosh.Adapters.SMTP,
    relay: "smtp.sendgrid.net",
    username: "apikey",
    password: System.get_env("SMTP_PASSWORD")
end
