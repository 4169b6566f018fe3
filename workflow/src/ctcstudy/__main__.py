from ctcstudy.cli import main

raise SystemExit(main())
