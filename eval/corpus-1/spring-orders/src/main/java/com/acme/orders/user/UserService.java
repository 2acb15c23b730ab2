package com.acme.orders.user;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

@Service
public class UserService {

    private static final int MIN_PASSWORD_LENGTH = 10;
    private final PasswordEncoder passwordEncoder;
    private final UserRepository repo;

    public UserService(PasswordEncoder passwordEncoder, UserRepository repo) {
        this.passwordEncoder = passwordEncoder;
        this.repo = repo;
    }

    public User register(RegisterRequest request) {
        if (request.getPassword().length() < MIN_PASSWORD_LENGTH) {
            throw new WeakPasswordException("Password must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        User u = new User(request.getEmail());
        u.setPasswordHash(passwordEncoder.encode(request.getPassword()));
        return repo.save(u);
    }

    public boolean checkPassword(User u, String password) {
        return passwordEncoder.matches(password, u.getPasswordHash());
    }
}
