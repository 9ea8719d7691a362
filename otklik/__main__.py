from otklik.cli import main

main()
