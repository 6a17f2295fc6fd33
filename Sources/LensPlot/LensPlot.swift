/// LensPlot: paper figures drawn with Cairo and written as PNG (150 dpi by default) and SVG
/// from one drawing path.
///
/// Model: a `Figure` holds `Axes` panels in a grid; each `Axes` holds `Series` (lines, bands,
/// trajectories, markers, contours, heatmaps, bars, boxes), two `AxisSpec`s (linear or log,
/// fitted or fixed limits, or categories), a legend placement and an optional `ColorBar`.
/// `Figure.curves`, `.sweep`, `.trajectories` and `.heatmap` build the papers' figure types;
/// `OptimizerPalette` keeps each optimizer's colour and name the same in every figure.
/// Output is deterministic: the same figure gives the same PNG and SVG bytes.
public enum LensPlotModule {}
