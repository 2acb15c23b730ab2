class User < ApplicationRecord
  has_secure_password

  validates :email, presence: true, uniqueness: true
  validates :password, length: { minimum: 10 }, if: -> { password.present? }

  def send_password_reset
    self.reset_token = SecureRandom.urlsafe_base64
    UserMailer.password_reset(self).deliver_later
  end
end
