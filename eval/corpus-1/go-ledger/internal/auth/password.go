package auth

import (
	"errors"

	"golang.org/x/crypto/bcrypt"
)

var ErrWeakPassword = errors.New("password too weak: use at least 12 characters")

func HashPassword(password string) (string, error) {
	if len(password) < 12 {
		return "", ErrWeakPassword
	}
	b, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	return string(b), err
}
