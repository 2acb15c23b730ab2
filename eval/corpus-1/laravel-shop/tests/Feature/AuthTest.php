<?php

namespace Tests\Feature;

use App\Models\User;
use Illuminate\Foundation\Testing\RefreshDatabase;
use Tests\TestCase;

class AuthTest extends TestCase
{
    use RefreshDatabase;

    public function test_user_can_login(): void
    {
        $user = User::factory()->create([
            'email' => 'alice@example.com',
            'password' => bcrypt('Alice#2024'),
        ]);

        $response = $this->post('/login', [
            'email' => 'alice@example.com',
            'password' => 'Alice#2024',
        ]);

        $response->assertRedirect('/home');
    }

    public function test_wrong_password_is_rejected(): void
    {
        $this->post('/login', ['email' => 'bob@example.com', 'password' => 'wrong-password'])
            ->assertSessionHasErrors('email');
    }
}
