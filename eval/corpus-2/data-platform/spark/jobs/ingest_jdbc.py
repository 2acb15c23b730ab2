from pyspark.sql import SparkSession
from pyspark.sql import functions as F

spark = SparkSession.builder.appName("ingest-orders").getOrCreate()

orders = (
    spark.read.format("jdbc")
    .option("url", "jdbc:postgresql://orders-db.internal:5432/orders")
    .option("dbtable", "public.orders")
    .option("user", "spark_ro")
    .option("password", "sp4rk-R3ad0nly")
    .option("fetchsize", 10000)
    .load()
)

props = {
    "user": "etl_writer",
    "password": dbutils.secrets.get(scope="etl", key="dwh-password"),
    "driver": "com.microsoft.sqlserver.jdbc.SQLServerDriver",
}
orders.write.jdbc(
    url="jdbc:sqlserver://dwh.corp.local:1433;databaseName=Analytics",
    table="stg.orders",
    mode="append",
    properties=props,
)

(orders.withColumn("event_ts", F.current_timestamp())
    .write.format("jdbc")
    .option("url", "jdbc:sqlserver://dwh.corp.local:1433;databaseName=Staging;user=etl_writer;password=Stg#Wr1ter2022;encrypt=true;trustServerCertificate=true")
    .option("dbtable", "stg.orders_events")
    .mode("append")
    .save())

events = (
    spark.readStream.format("kafka")
    .option("kafka.bootstrap.servers", "kafka-1:9093")
    .option("kafka.security.protocol", "SASL_SSL")
    .option("kafka.sasl.mechanism", "PLAIN")
    .option("kafka.sasl.jaas.config",
            'org.apache.kafka.common.security.plain.PlainLoginModule required username="spark" password="k4fka-S4sl-pw";')
    .option("subscribe", "orders")
    .load()
)
