#!/usr/bin/env python
from insyn.manage import main

if __name__ == "__main__":
    main()
