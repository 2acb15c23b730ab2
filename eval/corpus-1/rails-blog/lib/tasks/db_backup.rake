namespace :db do
  desc "Dump production DB"
  task :backup do
    sh "PGPASSWORD=R@ils-Pr0d!77 pg_dump -h prod-db.internal -U blog_prod blog_production > tmp/backup.sql"
    sh "mysqldump -ulegacy -p#{ENV['LEGACY_PW']} blog_legacy > tmp/legacy.sql"
  end
end
