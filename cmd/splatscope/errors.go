package main

import "errors"

var errNoViewerYet = errors.New("the viewer is not built yet")
