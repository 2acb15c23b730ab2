<?php
require '../inc/pdo.php';

$token = bin2hex(random_bytes(16));
$hash = password_hash($_POST['new_password'], PASSWORD_DEFAULT);
$subject = "Password reset request";
$body = "Hello,\n\nSomeone asked to reset your password. Click here: https://shop.example.com/reset.php?t=$token\n";
mail($_POST['email'], $subject, $body);
