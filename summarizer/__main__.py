from summarizer.app.cli import main

main()
