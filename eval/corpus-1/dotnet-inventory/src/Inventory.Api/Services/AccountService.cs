using Microsoft.AspNetCore.Identity;

namespace Inventory.Api.Services
{
    public class AccountService
    {
        private readonly PasswordHasher<AppUser> _hasher = new();

        public string Hash(AppUser user, string password) => _hasher.HashPassword(user, password);

        public IEnumerable<string> Validate(string password)
        {
            if (password.Length < 12) yield return "Password must be at least 12 characters long.";
            if (!password.Any(char.IsDigit)) yield return "Password must contain a digit.";
        }

        public Task SendResetMail(string email, string token)
            => _mail.SendAsync(email, "Reset your password", $"Use this link to reset your password: https://inventory.example.com/reset?token={token}");
    }
}
