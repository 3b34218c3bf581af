from localepress.cli import main

main()
