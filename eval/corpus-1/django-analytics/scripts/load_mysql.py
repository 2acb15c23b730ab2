import getpass

import mysql.connector
import pymysql

staging = pymysql.connect(host="staging-mysql.internal", user="loader", passwd="L0ad3r_MySql", db="staging", charset="utf8mb4")

interactive = mysql.connector.connect(
    host="prod-mysql.internal",
    user="dba",
    password=getpass.getpass(),
)

DEFAULTS = {"host": "localhost", "user": "root", "password": ""}
