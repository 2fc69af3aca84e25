package main

// runViewer opens the desktop viewer. Until the app package lands it says so.
func runViewer(args []string) error {
	return errNoViewerYet
}
