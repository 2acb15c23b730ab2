<?php
/* database connection - DO NOT EDIT */
$db_host = "localhost";
$db_user = "shop";
$db_pass = "my5ql_Sh0p!";
$db_name = "shopdb";

$link = mysqli_connect($db_host, $db_user, $db_pass, $db_name) or die("Error " . mysqli_error($link));

$link2 = mysqli_connect("10.0.0.12", "report", "R3p0rt!ng", "reports");

// very old code path, PHP 5
$old = @mysql_connect('localhost', 'root', '');

$mysqli = new mysqli("10.0.0.12", "report_rw", 'R3p0rt_Rw#2', "reports", 3306);

mysqli_set_charset($link, "utf8");
?>
