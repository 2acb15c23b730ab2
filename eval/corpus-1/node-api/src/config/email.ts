import nodemailer from "nodemailer";

export const transporter = nodemailer.createTransport({
  host: "smtp.office365.com",
  port: 587,
  auth: {
    user: "noreply@example.com",
    pass: "Smtp!Pass99",
  },
});

export const resetTemplate = (link: string) =>
  `<p>You requested a password reset.</p><p><a href="${link}">Choose a new password</a></p>`;
