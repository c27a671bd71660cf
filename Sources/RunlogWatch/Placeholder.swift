public enum WatchPlaceholder {}
