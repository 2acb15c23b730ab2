#!jinja|yaml
postgres:
  users:
    app:
      ensure: present
      password: 'S4lt-App-Pg'
      createdb: False
      login: True
    metrics:
      ensure: present
      password: {{ salt['vault'].read_secret('secret/metrics')['password'] }}
  acls:
    - ['host', 'app', 'app', '10.0.0.0/8', 'scram-sha-256']

mysql:
  server:
    root_password: 'S4lt-My-R00t'
