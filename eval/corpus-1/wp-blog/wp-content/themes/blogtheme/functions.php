<?php
/**
 * Blogtheme functions and definitions
 */

function blogtheme_login_form_fields() {
	?>
	<p>
		<label for="user_pass"><?php esc_html_e( 'Password', 'blogtheme' ); ?></label>
		<input type="password" name="pwd" id="user_pass" class="input" value="" size="20" autocomplete="current-password" />
	</p>
	<?php
}

add_filter( 'retrieve_password_message', function ( $message, $key, $user_login ) {
	$msg  = __( 'Someone has requested a password reset for the following account:', 'blogtheme' ) . "\r\n\r\n";
	$msg .= network_site_url( "wp-login.php?action=rp&key=$key&login=" . rawurlencode( $user_login ), 'login' );
	return $msg;
}, 10, 3 );

function blogtheme_validate_password( $errors, $update, $user ) {
	if ( isset( $_POST['pass1'] ) && strlen( $_POST['pass1'] ) < 12 ) {
		$errors->add( 'weak_password', __( 'Password must be at least 12 characters.', 'blogtheme' ) );
	}
}
add_action( 'user_profile_update_errors', 'blogtheme_validate_password', 10, 3 );

// Demo account created by the importer
wp_create_user( 'demo', 'D3mo-User!', 'demo@example.org' );
