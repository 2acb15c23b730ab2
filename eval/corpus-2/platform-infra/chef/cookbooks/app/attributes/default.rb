default['app']['db']['host'] = 'orders-db.prod.internal'
default['app']['db']['username'] = 'app'
default['app']['db']['password'] = 'Ch3f-Attr-Pw'
default['app']['smtp']['password'] = data_bag_item('secrets', 'smtp')['password']
default['postgresql']['password']['postgres'] = 'md5b9c85f3833de8f0aaf9d63ace47c9734'
