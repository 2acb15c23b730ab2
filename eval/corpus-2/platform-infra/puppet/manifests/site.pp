node 'db1.prod.internal' {
  class { 'postgresql::server':
    listen_addresses => '*',
  }

  postgresql::server::db { 'inventory':
    user     => 'inventory',
    password => postgresql::postgresql_password('inventory', 'Pp-Inv3nt0ry'),
  }

  mysql::db { 'wiki':
    user     => 'wiki',
    password => Sensitive(lookup('wiki_db_password')),
    host     => 'localhost',
    grant    => ['SELECT', 'UPDATE'],
  }
}
