import Config

# Configure your database
config :chat, Chat.Repo,
  username: "postgres",
  password: "postgres",
  hostname: "localhost",
  database: "chat_dev",
  stacktrace: true,
  show_sensitive_data_on_connection_error: true,
  pool_size: 10

config :chat, ChatWeb.Endpoint,
  http: [ip: {127, 0, 0, 1}, port: 4000],
  check_origin: false,
  code_reloader: true,
  debug_errors: true,
  secret_key_base: "D1cwe/t63km+3sBNzzwRadG9Mx5ym4rGlf+ShzxXFyk40HnCJ+WOehPC/7n/sYv9",
  watchers: [
    esbuild: {Esbuild, :install_and_run, [:chat, ~w(--sourcemap=inline --watch)]}
  ]

config :chat, dev_routes: true
config :logger, :console, format: "[$level] $message\n"
