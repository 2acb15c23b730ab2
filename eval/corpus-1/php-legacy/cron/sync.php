<?php
require __DIR__ . '/../inc/db.php';

$serverName = "MSSQL01\\SQLEXPRESS";
$connectionInfo = array("Database" => "Sync", "UID" => "shop_sync", "PWD" => "Sync#2019mssql", "CharacterSet" => "UTF-8");
$conn = sqlsrv_connect($serverName, $connectionInfo);
if ($conn === false) {
    die(print_r(sqlsrv_errors(), true));
}

$odbc = odbc_connect("Driver={ODBC Driver 17 for SQL Server};Server=MSSQL01\\SQLEXPRESS;Database=Sync;", "shop_sync", "Sync#2019mssql");

$redis = new Redis();
$redis->connect('127.0.0.1', 6379);
$redis->auth('phpR3dis#Auth');
