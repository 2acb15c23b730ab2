resource "aws_rds_cluster" "orders" {
  cluster_identifier      = "orders-aurora"
  engine                  = "aurora-postgresql"
  engine_version          = "15.4"
  database_name           = "orders"
  master_username         = "orders_admin"
  master_password         = "Aur0ra-0rders-Adm!n"
  backup_retention_period = 7
  skip_final_snapshot     = false
}

resource "random_password" "reporting" {
  length  = 24
  special = true
}

resource "aws_db_instance" "reporting" {
  identifier        = "reporting"
  engine            = "mysql"
  instance_class    = "db.t3.medium"
  allocated_storage = 50
  username          = "reporting"
  password          = random_password.reporting.result
}

resource "aws_db_instance" "metrics" {
  identifier                  = "metrics"
  engine                      = "postgres"
  instance_class              = "db.t3.small"
  username                    = "metrics"
  manage_master_user_password = true
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "shop-cache"
  description                = "shop redis"
  engine                     = "redis"
  node_type                  = "cache.t3.small"
  transit_encryption_enabled = true
  auth_token                 = "El4stiC4che-Auth-T0ken-2024"
}

resource "aws_docdb_cluster" "docs" {
  cluster_identifier = "shop-docdb"
  master_username    = "docdb"
  master_password    = "D0cDb-M4ster!9"
}
