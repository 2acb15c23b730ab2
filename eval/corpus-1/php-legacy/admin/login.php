<?php
session_start();
require '../inc/pdo.php';

$error = '';
if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    $stmt = $pdo->prepare('SELECT id, password_hash FROM admins WHERE username = ?');
    $stmt->execute([$_POST['username']]);
    $row = $stmt->fetch();
    if ($row && password_verify($_POST['password'], $row['password_hash'])) {
        $_SESSION['admin'] = $row['id'];
        header('Location: index.php');
        exit;
    }
    $error = "Invalid username or password";
}
?>
<form method="post">
  <input type="text" name="username" placeholder="Username">
  <input type="password" name="password" placeholder="Password">
  <button>Login</button>
  <p><?= htmlspecialchars($error) ?></p>
</form>
