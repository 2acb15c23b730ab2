<?php
/**
 * The base configuration for WordPress
 *
 * The wp-config.php creation script uses this file during the installation.
 * You don't have to use the web site, you can copy this file to "wp-config.php"
 * and fill in the values.
 *
 * @link https://wordpress.org/documentation/article/editing-wp-config-php/
 *
 * @package WordPress
 */

// ** Database settings - You can get this info from your web host ** //
/** The name of the database for WordPress */
define( 'DB_NAME', 'wp_blog_prod' );

/** Database username */
define( 'DB_USER', 'wpblog_admin' );

/** Database password */
define( 'DB_PASSWORD', 'Kx7#mQ2v!Lr9zT4w' );

/** Database hostname */
define( 'DB_HOST', 'db-prod-01.internal:3306' );

// old host, kept for rollback
//define('DB_PASSWORD', 'wpOld_2019pass!');

/** Database charset to use in creating database tables. */
define( 'DB_CHARSET', 'utf8mb4' );

/** The database collate type. Don't change this if in doubt. */
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 *
 * @since 2.6.0
 */
define( 'AUTH_KEY',         'p%G5^r|q]V+Lz$8@eYk;K^d]{u<C>x!1-lT?T,jf3bG>c:eRm2|J6!*q0(W=yvp' );
define( 'SECURE_AUTH_KEY',  'Q]3@1nJ&p*Hz{n%6u-Vb8G9w|r3~f+T=eUxk<0X7@.tN!mLw^d$q2R&sY5pZ:h' );
define( 'LOGGED_IN_KEY',    'c6E~Z|Kq!1aV]#8r5&Lm%yT@0zN<x2G{p,J9b+e=wHs?f^U4i(D7o3k;Q*Wv-Ml' );
define( 'NONCE_KEY',        'h2$M^v9*Xz_tB!6nQ{w0pR8e&Lk~c%Y@3aJ|s+Fd7uG=o(I5y,Km?1rWb-N<x:T' );

/**#@-*/

/** Redis object cache (plugin: redis-cache) */
define( 'WP_REDIS_HOST', 'redis-prod.internal' );
define( 'WP_REDIS_PASSWORD', 'r3dis-Wp!cache88' );

/** WP Mail SMTP */
define( 'WPMS_SMTP_PASS', 'mg-8f3k2j1h9d7s6a5' );
define( 'WPMS_SMTP_USER', 'postmaster@mg.example.org' );

$table_prefix = 'wp_';

define( 'WP_DEBUG', false );

/* Add any custom values between this line and the "stop editing" line. */

/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
