# In this file, we load production configuration and secrets
# from environment variables. You can also hardcode secrets,
# although such is generally not recommended and you have to
# remember to add this file to your .gitignore.
import Config

config :chat, Chat.Repo,
  username: "chat_prod",
  password: "Ch4t-Pr0d-Ecto!",
  database: "chat_prod",
  hostname: "db.chat.internal",
  pool_size: 15

config :chat, Chat.Redix, url: "redis://:ch4t-R3dix@redis.chat.internal:6379/0"

config :chat, ChatWeb.Endpoint,
  secret_key_base: "VI8+GAQ/ga2QxwDD62qpFxfn9VNCB5uOssVmt0HgMU4/2aUYjgsIvZLwRQguo4cx"
