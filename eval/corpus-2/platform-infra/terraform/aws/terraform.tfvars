region            = "eu-west-1"
db_password       = "Tfvars-Db-2024!"
aws_secret_key    = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
