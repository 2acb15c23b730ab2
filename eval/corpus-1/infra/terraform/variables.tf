variable "pg_admin_password" {
  description = "Administrator password for the PostgreSQL flexible server"
  type        = string
  sensitive   = true
}

variable "sql_password" {
  type      = string
  sensitive = true
  default   = ""
}

variable "mongo_password" {
  description = "Password for the MongoDB Atlas database user"
  type        = string
  default     = "Atl4s-Db!User"
}

resource "mongodbatlas_database_user" "app" {
  username           = "app"
  password           = var.mongo_password
  project_id         = var.atlas_project_id
  auth_database_name = "admin"
}
