import Config

config :chat,
  ecto_repos: [Chat.Repo, Chat.AnalyticsRepo],
  generators: [timestamp_type: :utc_datetime]

config :chat, Chat.Guardian,
  issuer: "chat",
  secret_key: "prcE1qXkIM0ZqrkpZ4z/UT5ZV65fP3E101cYrkTjqgc="

import_config "#{config_env()}.exs"
