/// LensPlot: figures drawn with Cairo, written as PNG and SVG.
import CCairo
public enum LensPlotModule {}
