<?php
$options = [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_DEFAULT_FETCH_MODE => PDO::FETCH_ASSOC];

$pdo = new PDO('mysql:host=localhost;dbname=shopdb;charset=utf8mb4', 'shop', 'my5ql_Sh0p!', $options);

$pg = new PDO("pgsql:host=pg.internal;port=5432;dbname=archive;user=archive;password=Pg4rch!ve");

$dsn = sprintf('mysql:host=%s;dbname=%s', $host, $db);
$pdo2 = new PDO($dsn, getenv('DB_USER'), getenv('DB_PASS'));
$pdo3 = new PDO($dsn, $_ENV['DB_USER'], $_SERVER['DB_PASS'] ?? '');
