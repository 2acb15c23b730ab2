provider "aws" {
  region = "eu-west-1"
}

resource "aws_db_instance" "orders" {
  identifier             = "orders-prod"
  engine                 = "postgres"
  engine_version         = "15.4"
  instance_class         = "db.t3.medium"
  allocated_storage      = 100
  db_name                = "orders"
  username               = "orders_admin"
  password               = "Rds0rders!Adm1n"
  skip_final_snapshot    = false
  vpc_security_group_ids = [aws_security_group.db.id]
}

data "aws_secretsmanager_secret_version" "aurora" {
  secret_id = "prod/aurora/master"
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier = "analytics-prod"
  engine             = "aurora-postgresql"
  master_username    = "analytics"
  master_password    = jsondecode(data.aws_secretsmanager_secret_version.aurora.secret_string)["password"]
}

resource "aws_rds_cluster" "reporting" {
  cluster_identifier          = "reporting-prod"
  engine                      = "aurora-mysql"
  master_username             = "reporting"
  manage_master_user_password = true
}

resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "orders-cache"
  description                = "orders redis"
  node_type                  = "cache.t3.small"
  transit_encryption_enabled = true
  auth_token                 = "ElastiC4che-Auth-Tok3n-2024x"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
