require "rails_helper"

RSpec.describe "Sessions", type: :request do
  let!(:user) { User.create!(email: "alice@example.com", password: "Alice#2024") }

  it "logs in" do
    post "/login", params: { email: "alice@example.com", password: "Alice#2024" }
    expect(response).to redirect_to(root_path)
  end
end
