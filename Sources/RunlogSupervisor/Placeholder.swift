public enum SupervisorPlaceholder {}
