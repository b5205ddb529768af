import distutils.core
