export { homeRoutes } from "./home.routes.ts";
export { listTodos } from "./home.service.ts";
