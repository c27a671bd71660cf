public enum RLPlaceholder {}
