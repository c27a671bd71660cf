public enum RunlogPlaceholder {}
